/**
 * Go's text/template in TypeScript: parse a template source once, execute it many times over Go-shaped data
 * (see ./values for how Go values are represented). Pure and Istio-free: callers bring their own functions.
 */
export { parseTemplate, type ParsedSet } from './parse';
export { TemplateParseError } from './source';
export { execute, DEFAULT_LIMITS, type ExecLimits } from './exec';
export { TemplateExecError, type GoFunc } from './expressions';
export { formatValue, sprint, sprintln, goQuote } from './fmt';
export { formatFloat } from './floatFormat';
export { sprintf } from './sprintf';
export {
  GO_OBJECT,
  STRING_MAP,
  isGoObject,
  isGoMap,
  isStringMap,
  isTrue,
  stringMap,
  goTypeName,
  sortedKeys,
  type GoObject,
  type GoMap,
  type Lookup,
} from './values';
