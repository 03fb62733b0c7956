import { useEffect, useRef } from 'preact/hooks';
import { CustomChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_STACK } from '../fonts';
import { formatWeight } from './review-labels';
import type { Step } from './waterfall';

use([CustomChart, GridComponent, MarkLineComponent, CanvasRenderer]);

const COLOURS = { up: '#1e7b45', down: '#b42318', prior: '#9aa5b1', total: '#2f6fb2' } as const;

/**
 * The waterfall of a pair's weight (Apache ECharts, on a canvas): one floating bar per step, laid
 * on its side so that the comparison names read on a phone too, and the thresholds as lines when
 * the hub named them. A custom series: ECharts' stacked bars cannot float across zero, and a
 * pair's weight usually starts below it.
 */
export function WaterfallChart({ steps, thresholds, title }: { steps: Step[]; thresholds: { review: number; link: number } | null; title: string }) {
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
    const draw = () => chart.current?.setOption(option(steps, thresholds), true);
    draw();
    // The last-resort font's glyphs arrive after the first frame: draw again once they are in
    // (only then: the next pair's chart is drawn once, in the frame that shows it).
    if (document.fonts !== undefined && document.fonts.status !== 'loaded') document.fonts.ready.then(draw, () => undefined);
  }, [JSON.stringify(steps), thresholds?.review, thresholds?.link]);

  return <div class="waterfall" ref={element} role="img" aria-label={title} data-testid="waterfall" />;
}

function colourOf(step: Step): string {
  if (step.kind === 'prior') return COLOURS.prior;
  if (step.kind === 'total') return COLOURS.total;
  return step.end >= step.start ? COLOURS.up : COLOURS.down;
}

function option(steps: Step[], thresholds: { review: number; link: number } | null) {
  const data = steps.map((step, index) => ({ value: [index, step.start, step.end], itemStyle: { color: colourOf(step) } }));
  const values = steps.flatMap((s) => [s.start, s.end]).concat(thresholds ? [thresholds.review, thresholds.link] : []);
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK },
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      data: steps.map((s) => s.label),
      axisTick: { show: false },
      axisLabel: { fontFamily: FONT_STACK, fontWeight: 'normal' },
    },
    xAxis: { type: 'value', min: Math.floor(Math.min(0, ...values)) - 1, max: Math.ceil(Math.max(0, ...values)) + 1, axisLabel: { fontFamily: FONT_STACK } },
    series: [
      {
        type: 'custom',
        data,
        encode: { x: [1, 2], y: 0 },
        renderItem: (_params: unknown, api: CustomApi) => {
          const index = api.value(0);
          const from = api.coord([api.value(1), index]);
          const to = api.coord([api.value(2), index]);
          const height = api.size([0, 1])[1] * 0.6;
          const step = steps[index];
          const right = Math.max(from[0], to[0]);
          return {
            type: 'group',
            children: [
              { type: 'rect', shape: { x: Math.min(from[0], to[0]), y: from[1] - height / 2, width: Math.max(1, Math.abs(to[0] - from[0])), height }, style: { fill: colourOf(step) } },
              {
                type: 'text',
                style: { x: right + 4, y: from[1], text: step.kind === 'comparison' ? formatWeight(step.end - step.start) : String(step.end), verticalAlign: 'middle', fill: '#1f2933', font: `12px ${FONT_STACK}` },
              },
            ],
          };
        },
        markLine: thresholds
          ? {
              silent: true,
              symbol: 'none',
              label: { formatter: '{b}', fontFamily: FONT_STACK, position: 'end' },
              lineStyle: { type: 'dashed', color: '#616e7c' },
              data: [
                { name: `复核 ${thresholds.review}`, xAxis: thresholds.review },
                { name: `合并 ${thresholds.link}`, xAxis: thresholds.link },
              ],
            }
          : undefined,
      },
    ],
  };
}

/** The part of ECharts' custom-series API the bars use. */
interface CustomApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  size(range: [number, number]): [number, number];
}
