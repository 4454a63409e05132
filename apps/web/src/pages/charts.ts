/**
 * Charts drawn as SVG on the server, so that they show without JavaScript; each page puts the same figures in a
 * table beside the chart, which is what screen readers and keyboard users read (the SVG is labelled as one image).
 */
export interface ChartPoint {
  label: string;
  value: number;
  /** Shown on the point's tooltip and in the table: the rating the value was given. */
  note?: string;
}

export interface LineChart {
  width: number;
  height: number;
  /** The polyline through the points, in SVG coordinates. */
  path: string;
  points: (ChartPoint & { x: number; y: number })[];
  yTicks: { y: number; label: string }[];
  /** Horizontal reference lines (a target, a band's threshold). */
  guides: { y: number; label: string }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

const width = 640;
const height = 240;
const plot = { left: 56, right: width - 16, top: 16, bottom: height - 40 };

const round = (value: number): number => Math.round(value * 10) / 10;

interface Scale {
  low: number;
  high: number;
  /** Names for the tick values, where the values stand for categories (ratings). */
  tickLabels?: readonly string[];
}

/** A line chart of values over time (a KPI's value per period), with its thresholds as guide lines. */
export const lineChart = (points: readonly ChartPoint[], guides: readonly { value: number; label: string }[] = [], scale?: Scale): LineChart => {
  const values = [...points.map((point) => point.value), ...guides.map((guide) => guide.value)];
  const low = scale?.low ?? Math.min(0, ...values);
  const high = scale?.high ?? Math.max(1, ...values);
  const span = high - low || 1;
  const yOf = (value: number) => round(plot.bottom - ((value - low) / span) * (plot.bottom - plot.top));
  const step = points.length > 1 ? (plot.right - plot.left) / (points.length - 1) : 0;
  const placed = points.map((point, index) => ({ ...point, x: round(points.length > 1 ? plot.left + index * step : (plot.left + plot.right) / 2), y: yOf(point.value) }));
  const ticks = scale?.tickLabels
    ? scale.tickLabels.map((label, index) => ({ value: low + index, label }))
    : [0, 0.25, 0.5, 0.75, 1].map((share) => ({ value: low + share * span, label: String(round(low + share * span)) }));
  return {
    width,
    height,
    plot,
    path: placed.map((point) => `${point.x},${point.y}`).join(' '),
    points: placed,
    yTicks: ticks.map((tick) => ({ y: yOf(tick.value), label: tick.label })),
    guides: guides.map((guide) => ({ y: yOf(guide.value), label: guide.label })),
  };
};

const ratings = ['green', 'amber', 'red'] as const;

/** The risk rating over time: green, amber and red as three levels, from the contract's start to each change. */
export const ratingChart = (history: readonly { asOf: string; rating: string }[]): LineChart =>
  lineChart(
    history.map((entry) => ({ label: entry.asOf, value: Math.max(0, ratings.indexOf(entry.rating as (typeof ratings)[number])), note: entry.rating })),
    [],
    { low: 0, high: 2, tickLabels: ratings },
  );
