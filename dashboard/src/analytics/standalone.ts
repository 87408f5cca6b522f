// The integrator's script, /player-analytics.js: a classic script (loads from any origin without CORS) that defines
// window.VideoPipelineAnalytics = { reportViews, beaconUrlFrom }. See the README, "Viewer analytics".
import { beaconUrlFrom, reportViews } from "./viewReporter";

declare global {
  interface Window { VideoPipelineAnalytics: { reportViews: typeof reportViews; beaconUrlFrom: typeof beaconUrlFrom } }
}

window.VideoPipelineAnalytics = { reportViews, beaconUrlFrom };
