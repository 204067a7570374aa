export * from './types';
export { CatalogueError, type CatalogueErrorCode } from './errors';
export { ApplicationFields } from './application-fields';
export { validateCatalogue } from './validate';
export { loadCatalogue, loadCatalogues, catalogueVersion, catalogueInForceOn } from './load';
export { bundleDueDate, bundleOf, plannedDueDates } from './due-date';
export { buildWorkRequest, type WorkRequestHeader } from './request';
