/** The built-in injectors: Istio's `sidecar` and `gateway` templates rebuilt as code, for when no templates are known. */
export { renderGatewayTemplate } from './gateway';
export { renderSidecarTemplate } from './sidecar/render';
export { TemplateError, type TemplateData } from './templateData';
