import { useEffect, useRef } from 'preact/hooks';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_STACK } from './fonts';

use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendSeries {
  key: string;
  label: string;
  values: (number | null)[];
}

/**
 * Lines over quarters (Apache ECharts on a canvas; tooltips drawn on the canvas too, as the bar
 * chart's: ECharts' HTML tooltips carry inline styles, which the CSP refuses). A quarter with no
 * data is a gap, not a zero.
 */
export function TrendChartView({ quarters, series, title }: { quarters: string[]; series: TrendSeries[]; title: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const instance = init(element.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    const draw = () =>
      chart.current?.setOption(
        {
          textStyle: { fontFamily: FONT_STACK },
          grid: { left: 48, right: 16, top: 56, bottom: 32 },
          legend: { top: 0, textStyle: { fontFamily: FONT_STACK } },
          tooltip: { trigger: 'axis', renderMode: 'richText' },
          xAxis: { type: 'category', data: quarters, axisLabel: { fontFamily: FONT_STACK } },
          yAxis: { type: 'value', name: '人次', minInterval: 1, axisLabel: { fontFamily: FONT_STACK } },
          series: series.map((s) => ({ type: 'line', name: s.label, data: s.values, connectNulls: false, symbolSize: 6 })),
        },
        true,
      );
    draw();
    document.fonts?.ready.then(draw, () => undefined);
  }, [JSON.stringify([quarters, series])]);

  return <div class="chart" ref={element} role="img" aria-label={title} data-testid="trend-chart" />;
}
