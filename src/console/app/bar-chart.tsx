import { useEffect, useRef } from 'preact/hooks';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_STACK } from './fonts';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface Bar {
  key: string;
  label: string;
  value: number;
}

/**
 * A bar chart (Apache ECharts, drawn on a canvas). Tooltips are drawn on the canvas too
 * (renderMode richText): ECharts' HTML tooltips carry inline styles, which the pages' CSP refuses.
 */
export function BarChartView({ bars, onSelect, title }: { bars: Bar[]; onSelect?: (key: string) => void; title: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const barKeys = useRef<string[]>([]);

  useEffect(() => {
    const instance = init(element.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => {
      const key = barKeys.current[(event as { dataIndex: number }).dataIndex];
      if (key !== undefined) select.current?.(key);
    });
    const resize = () => instance.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    barKeys.current = bars.map((b) => b.key);
    const draw = () =>
      chart.current?.setOption(
        {
          textStyle: { fontFamily: FONT_STACK },
          grid: { left: 56, right: 16, top: 24, bottom: 72 },
          tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { interval: 0, rotate: bars.length > 8 ? 40 : 0, fontFamily: FONT_STACK } },
          yAxis: { type: 'value', name: '儿童数', axisLabel: { fontFamily: FONT_STACK } },
          series: [{ type: 'bar', name: '儿童数', data: bars.map((b) => b.value), itemStyle: { color: '#2f6fb2' }, cursor: onSelect ? 'pointer' : 'default' }],
        },
        true,
      );
    draw();
    // The last-resort font's glyphs arrive after the first frame: draw again once they are in.
    document.fonts?.ready.then(draw, () => undefined);
  }, [JSON.stringify(bars)]);

  return <div class="chart" ref={element} role="img" aria-label={title} data-testid="bar-chart" />;
}
