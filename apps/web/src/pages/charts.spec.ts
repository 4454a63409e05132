import { lineChart, ratingChart } from './charts';

describe('charts drawn as SVG', () => {
  it('places values over time in the plot, higher values higher, with guides at their values', () => {
    const chart = lineChart(
      [
        { label: 'Q1', value: 40 },
        { label: 'Q2', value: 60 },
      ],
      [{ value: 60, label: 'Target 60' }],
    );
    const [first, second] = chart.points;
    expect(first?.x).toBe(chart.plot.left);
    expect(second?.x).toBe(chart.plot.right);
    expect(second?.y).toBeLessThan(first?.y ?? 0);
    expect(chart.guides).toEqual([{ y: second?.y, label: 'Target 60' }]);
    expect(chart.path).toBe(`${first?.x},${first?.y} ${second?.x},${second?.y}`);
  });

  it('draws the risk rating as three levels named on the axis', () => {
    const chart = ratingChart([
      { asOf: '2026-12-07', rating: 'green' },
      { asOf: '2027-04-01', rating: 'amber' },
    ]);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['green', 'amber', 'red']);
    expect(chart.points.map((point) => point.y)).toEqual([chart.yTicks[0]?.y, chart.yTicks[1]?.y]);
  });
});
