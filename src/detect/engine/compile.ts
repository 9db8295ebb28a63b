/**
 * Builds a Scanner once from a selection (managed selector + ids, custom identifiers, allow lists), in the manner of
 * Datadog's sensitive data scanner: every regex, validator and the prefilter are compiled here, and the Scanner is
 * reused for every text of a job. Bad selections and user regexes fail here with DetectError.
 */
import { defaultScanLimits, type ScanLimits } from '../../common/limits.js'; // not index.js: config and sealing would load with it
import { compileAllowLists } from '../allow-list.js';
import { managedIdentifiers } from '../catalog/index.js';
import { compileCustomIdentifier } from '../custom.js';
import { DetectError } from '../errors.js';
import type { IdentifierSpec, Scanner, ScannerSelection, ShapeGateName } from '../types.js';
import { isValidatorName, validators } from '../validators/index.js';
import { CARD_NUMBER_PATTERN } from './card-confirm.js';
import { ibanConfirmLength } from './iban-confirm.js';
import { loadRegexExtents } from './automaton-cache.js';
import { Prefilter, type TriggerAction } from './prefilter.js';
import { DEFAULT_KEYWORD_DISTANCE } from './proximity.js';
import { CompiledScanner, compileRun, DEFAULT_MAX_VALUE_LENGTH, normalizeValue, type CompiledIdentifier, type CompiledRule } from './scan.js';

/** The managed identifiers a selection uses (Macie's selector semantics; no selector means RECOMMENDED). */
export function selectManagedIdentifiers(sel: ScannerSelection): IdentifierSpec[] {
  const selector = sel.managedSelector ?? 'RECOMMENDED';
  const ids = sel.managedIds ?? [];
  const known = new Set(managedIdentifiers.map((m) => m.id));
  if ((selector === 'INCLUDE' || selector === 'EXCLUDE') && ids.length === 0) {
    throw new DetectError('InvalidScannerSelection', `managedDataIdentifierIds is required when the selector is ${selector}.`, 'managedDataIdentifierIds');
  }
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DetectError('InvalidScannerSelection', `Unknown managed data identifier IDs: ${unknown.join(', ')}.`, 'managedDataIdentifierIds');
  }
  const idSet = new Set(ids);
  switch (selector) {
    case 'ALL': return [...managedIdentifiers];
    case 'NONE': return [];
    case 'RECOMMENDED': return managedIdentifiers.filter((m) => m.recommended);
    case 'INCLUDE': return managedIdentifiers.filter((m) => idSet.has(m.id));
    case 'EXCLUDE': return managedIdentifiers.filter((m) => !idSet.has(m.id));
    default:
      throw new DetectError('InvalidScannerSelection', `Unknown managedDataIdentifierSelector: ${String(selector)}.`, 'managedDataIdentifierSelector');
  }
}


function push<K>(map: Map<K, TriggerAction[]>, key: K, action: TriggerAction): void {
  const list = map.get(key);
  if (list) list.push(action);
  else map.set(key, [action]);
}

export function compileScanner(sel: ScannerSelection, limits: Partial<ScanLimits> = {}): Scanner {
  const fullLimits: ScanLimits = { ...defaultScanLimits, ...limits };
  const specs = selectManagedIdentifiers(sel);
  const identifiers: CompiledIdentifier[] = [];
  const rules: CompiledRule[] = [];
  const keywords = new Map<string, TriggerAction[]>();
  const anchorsInsensitive = new Map<string, TriggerAction[]>();
  const anchorsSensitive = new Map<string, TriggerAction[]>();
  const patterns = new Map<string, TriggerAction[]>();
  const shapes = new Map<ShapeGateName, TriggerAction[]>();
  const patternIgnore = new Set<string>();
  const wholeWordAnchors = new Set<string>();
  // The rules' regex analysis, stored beside the automaton (computing it is ~20-30 ms of cold CPU per thread).
  const extents = loadRegexExtents(specs.flatMap((spec) => spec.rules.map((rule) => rule.pattern)));

  for (const spec of specs) {
    const identifierIndex = identifiers.length;
    const distance = spec.keywordDistance ?? DEFAULT_KEYWORD_DISTANCE;
    const keywordRuleIndexes: number[] = [];
    for (const rule of spec.rules) {
      if (rule.validator !== undefined && !isValidatorName(rule.validator)) {
        throw new DetectError('InvalidScannerSelection', `${spec.id} names an unknown validator ${String(rule.validator)}.`, 'catalog');
      }
      const index = rules.length;
      rules.push({
        index,
        identifierIndex,
        id: spec.id,
        re: new RegExp(rule.pattern, rule.caseInsensitive ? 'gi' : 'g'),
        sticky: new RegExp(rule.pattern, rule.caseInsensitive ? 'yi' : 'y'),
        maxLength: rule.maxLength ?? DEFAULT_MAX_VALUE_LENGTH,
        scanLength: extents[index],
        validate: rule.validator ? validators[rule.validator] : undefined,
        priority: (spec.priority ?? 0) * 2 + (rule.validator ? 1 : 0),
        ...(rule.run ? { run: compileRun(rule.run) } : {}),
      });
      if (rule.keywordRequired) {
        keywordRuleIndexes.push(index);
        for (const kw of spec.keywords) push(keywords, kw, { kind: 'keyword', rule: index, distance });
        for (const p of spec.keywordPatterns ?? []) push(patterns, p, { kind: 'keyword', rule: index, distance });
        if (spec.keywordPatterns?.length) for (const v of spec.ignore ?? []) patternIgnore.add(v);
      } else {
        const gate = rule.gate;
        if (!gate || (!gate.anchors?.length && !gate.shape)) {
          throw new DetectError('InvalidScannerSelection', `${spec.id} has a rule with neither a keyword nor a gate.`, 'catalog');
        }
        if (gate.confirm !== undefined && (gate.confirm !== 'cardNumber' || gate.shape !== 'cardDigits' || rule.pattern !== CARD_NUMBER_PATTERN || rule.validator !== 'creditCard' || (gate.lookbehind ?? 0) !== 0 || rule.caseInsensitive)) {
          throw new DetectError('InvalidScannerSelection', `${spec.id}: gate.confirm 'cardNumber' needs the cardDigits shape, CARD_NUMBER_PATTERN, the creditCard validator and no lookbehind.`, 'catalog');
        }
        const action: TriggerAction = { kind: 'gate', rule: index, lookbehind: gate.lookbehind ?? 0, ...(gate.shapePrefix ? { prefix: gate.shapePrefix.toUpperCase() } : {}), ...(gate.minRun !== undefined ? { minRun: gate.minRun } : {}), ...(gate.confirm ? { confirm: gate.confirm } : {}) };
        const ibanLength = ibanConfirmLength(rule, gate);
        if (ibanLength !== undefined) action.ibanLength = ibanLength;
        for (const a of gate.anchors ?? []) {
          const key = gate.caseSensitive ? a : a.toLowerCase();
          push(gate.caseSensitive ? anchorsSensitive : anchorsInsensitive, key, action);
          if (gate.wholeWord) wholeWordAnchors.add(key);
        }
        if (gate.shape) push(shapes, gate.shape, action);
      }
    }
    identifiers.push({
      spec,
      ignore: new Set((spec.ignore ?? []).map(normalizeValue)),
      keywordRuleIndexes,
    });
  }

  return new CompiledScanner({
    identifiers,
    rules,
    prefilter: new Prefilter({ keywords, anchorsInsensitive, anchorsSensitive, wholeWordAnchors, shapes, patterns, patternIgnore }),
    custom: (sel.custom ?? []).map(compileCustomIdentifier),
    allowLists: sel.allowLists && sel.allowLists.length > 0 ? compileAllowLists(sel.allowLists) : undefined,
    limits: fullLimits,
  });
}
