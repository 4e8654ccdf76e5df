export { matrixToChart, seriesLabel, numeric, type WireSeries, type ChartSeries, type TimeSeriesChartData } from "./matrix";
