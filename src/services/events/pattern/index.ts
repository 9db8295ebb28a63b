export { compilePattern, compilePatternText, flattenEvent, PatternError, type CompiledPattern, type FlatEvent } from './compile.js';
