/** Scaling-curve charts rendered headless with vega (SVG). */
import * as vega from 'vega';
import type { Curve } from './report.js';

/**
 * Renders a curve as a log–log line chart with one line per series.
 * @returns the SVG text
 */
export async function renderCurveSvg(curve: Curve): Promise<string> {
  const spec: vega.Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 560,
    height: 320,
    padding: 8,
    background: 'white',
    title: { text: curve.title, fontSize: 14 },
    data: [{ name: 'points', values: curve.points.map((p) => ({ ...p })) }],
    scales: [
      { name: 'x', type: 'log', domain: { data: 'points', field: 'x' }, range: 'width', nice: true },
      { name: 'y', type: 'log', domain: { data: 'points', field: 'y' }, range: 'height', nice: true },
      { name: 'color', type: 'ordinal', domain: { data: 'points', field: 'series' }, range: 'category' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: curve.xTitle, format: '~s', grid: true },
      { orient: 'left', scale: 'y', title: curve.yTitle, format: '~g', grid: true },
    ],
    legends: [{ fill: 'color', stroke: 'color', orient: 'top-left', symbolType: 'circle', labelLimit: 480, fillColor: 'white', padding: 4 }],
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'series', data: 'points', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            from: { data: 'series' },
            sort: { field: 'datum.x' },
            encode: { enter: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, stroke: { scale: 'color', field: 'series' }, strokeWidth: { value: 2 } } },
          },
          {
            type: 'symbol',
            from: { data: 'series' },
            encode: { enter: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, fill: { scale: 'color', field: 'series' }, size: { value: 40 } } },
          },
        ],
      },
    ],
  };
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
