// Per-minute line charts with uPlot, which the served page loads as the global `uPlot` (its IIFE build, from
// node_modules, inlined by the console trigger). A chart is created once and given new data on each refresh; its
// container carries the sum of the plotted values in `data-total`, which the browser tests watch move.
import type UPlot from "uplot";

declare const uPlot: typeof UPlot;

const COLOURS = ["#2563eb", "#16a34a", "#9333ea", "#ea580c", "#dc2626", "#0891b2", "#ca8a04", "#64748b"];

/** A chart of named per-minute series. */
export interface MinuteChart {
  update(minutes: readonly string[], series: readonly number[][]): void;
}

/** Creates a chart in `container` with one line per name. */
export function minuteChart(container: HTMLElement, names: readonly string[]): MinuteChart {
  let plot: UPlot | undefined;
  return {
    update(minutes, series) {
      const data: UPlot.AlignedData = [minutes.map((at) => Date.parse(at) / 1000), ...series];
      container.dataset["total"] = String(series.flat().reduce((sum, n) => sum + n, 0));
      if (plot) return plot.setData(data);
      const width = Math.max(320, container.clientWidth || 520);
      const options: UPlot.Options = {
        width,
        height: 170,
        series: [{}, ...names.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
        axes: [{}, { size: 44 }],
        legend: { live: false },
      };
      plot = new uPlot(options, data, container);
    },
  };
}
