// The parts of ECharts the reports draw (bars, a heatmap, their axes, legend, tooltip and visual
// map, SVG output), registered once: a third of the full library, in the reports chunk only.
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export const { init } = echarts;
export type Chart = ReturnType<typeof echarts.init>;
export type ChartOption = Parameters<Chart['setOption']>[0];
