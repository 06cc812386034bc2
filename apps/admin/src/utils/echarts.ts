/**
 * ECharts, tree-shaken: only the two chart types and three components the statistics use, drawn on
 * canvas. Importing `echarts` whole would add about 1 MB to the console.
 */
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/** The console palette: PV in the brand blue, UV in a teal that stays distinct for colour-blind readers. */
export const PV_COLOR = '#1a5bb5';
export const UV_COLOR = '#0b7a75';
