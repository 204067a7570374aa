export { ServiceMetrics, type MetricsSources, outboxBacklog, openDeadLetters } from './service-metrics';
export { observedStore, enrichEvents } from './observed-store';
export { httpObservability, metricsPathOf, routeOf, dossierCodeInPath } from './http-observability';
export { findSeries } from './find-series';
