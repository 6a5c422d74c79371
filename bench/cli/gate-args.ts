// The gates of a command line, shared by bench and compare: each --gate LINE and every line of each
// --gates FILE (a file of thresholds kept in a repository works as well as flags).
import { readFileSync } from 'node:fs';
import { userPath } from '../plan/resolve.ts';
import { type Gate, parseGate, parseGateFile } from '../results/gates.ts';

export const GATE_FLAGS = {
  gate: { type: 'string', multiple: true },
  gates: { type: 'string', multiple: true },
} as const;

/** The gates of --gate and --gates, in the order given: flags first, then the files'. */
export function readGates(
  lines: readonly string[] | undefined,
  files: readonly string[] | undefined,
): Gate[] | { error: string } {
  const gates: Gate[] = [];
  for (const line of lines ?? []) {
    const gate = parseGate(line);
    if ('error' in gate) return { error: `--gate: ${gate.error}` };
    gates.push(gate);
  }
  for (const file of files ?? []) {
    let text: string;
    try {
      text = readFileSync(userPath(file), 'utf8');
    } catch (e) {
      return { error: `--gates: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    const parsed = parseGateFile(text, file);
    if ('error' in parsed) return { error: `--gates: ${parsed.error}` };
    gates.push(...parsed);
  }
  return gates;
}
