import { describe, expect, it } from 'vitest';
import { createColors, displayWidth, stripAnsi } from '../../src/output/color.js';
import { renderTable } from '../../src/output/table.js';

describe('renderTable', () => {
  it('aligns columns left and right with a header', () => {
    const t = renderTable(
      [
        ['main', '12', 'x'],
        ['feature', '7', 'yy'],
      ],
      { header: ['BRANCH', 'HEAD', 'N'], align: ['left', 'right'] },
    );
    expect(t.split('\n')).toEqual(['BRANCH   HEAD  N', 'main       12  x', 'feature     7  yy']);
  });

  it('ignores colour codes when measuring and trims trailing spaces', () => {
    const c = createColors(true);
    const t = renderTable([[c.red('ab'), 'x'], ['abcd', '']]);
    const lines = t.split('\n');
    expect(stripAnsi(lines[0]!)).toBe('ab    x');
    expect(lines[1]).toBe('abcd');
  });

  it('counts box-drawing characters as one column', () => {
    expect(displayWidth('│  └─ fix')).toBe(9);
    const t = renderTable([['└─ fix', '1'], ['main', '2']]);
    expect(t.split('\n')).toEqual(['└─ fix  1', 'main    2']);
  });

  it('handles ragged rows and an empty table', () => {
    expect(renderTable([['a'], ['b', 'c']]).split('\n')).toEqual(['a', 'b  c']);
    expect(renderTable([])).toBe('');
    expect(renderTable([], { header: ['A', 'B'] })).toBe('A  B');
  });

  it('styles header cells', () => {
    const t = renderTable([['x']], { header: ['H'], styleHeader: (s) => `<${s}>` });
    expect(t.split('\n')[0]).toBe('<H>');
  });
});
