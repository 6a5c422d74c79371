// What a scenario asks a target, and how the right answer is known. A server started here serves the
// bundled site: each scenario asks its own path and is held to the site's file. A --url server is asked
// the path the user gave, in every scenario but missing; without one, the scenarios' own paths, held to
// the site's files when it serves the bundled site and learned from it when it serves content of its own.
import type { Scenario } from '../model/scenarios.ts';
import type { BenchTarget } from '../targets/catalog.ts';

export type ScenarioRequest =
  /** The scenario's own path, held to the bundled site's file (or its rule: 404 for a missing path). */
  | { readonly kind: 'site'; readonly path: string }
  /** A path of the server's own, held to what it answered when asked twice before the load. */
  | { readonly kind: 'learned'; readonly path: string; readonly status: number }
  /** The scenario cannot run on this server: why, in one line. */
  | { readonly kind: 'cannot'; readonly why: string };

/** The one line (under 200 characters, the summary's) that says why a scenario cannot run on this --url server. */
function whyNot(scenario: Scenario, origin: string): string {
  const yours = `--url ${origin}/YOUR-FILE measures ${scenario.id} on a file of yours`;
  if (scenario.generatedFile !== null) {
    return `${scenario.id} asks for ${scenario.path}, generated for the run where the harness serves: ${yours}`;
  }
  return `${scenario.id} asks for html/${scenario.file}, which this server does not serve (its GET / is not html/index.html): ${yours}`;
}

/**
 * `bundled`: the target serves the bundled site (a server started here always does; a --url server when
 * its GET / is html/index.html byte for byte).
 */
export function requestFor(target: BenchTarget, scenario: Scenario, bundled: boolean): ScenarioRequest {
  if (target.kind !== 'remote') return { kind: 'site', path: scenario.path };
  // The 404 check belongs to the scenario that asks for a missing path; a user's path of its own that
  // answers 404 is measured with --expect-status 404.
  const asksMissing = scenario.file === null && scenario.expectStatus === 404;
  if (asksMissing) {
    return bundled
      ? { kind: 'site', path: scenario.path }
      : { kind: 'learned', path: scenario.path, status: scenario.expectStatus };
  }
  if (target.path !== null) return { kind: 'learned', path: target.path, status: target.expectStatus };
  if (scenario.generatedFile !== null || (scenario.needsSiteFile && !bundled)) {
    return { kind: 'cannot', why: whyNot(scenario, target.origin) };
  }
  if (bundled) return { kind: 'site', path: scenario.path };
  return { kind: 'learned', path: scenario.path, status: target.expectStatus };
}
