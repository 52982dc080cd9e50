import { describe, expect, it } from 'vitest';
import { withoutMethods } from '../vite.config.ts';

const source = `class A {
  keep() {
    return 1;
  }

  async drop(x = {}) {
    if (x) { return \`\${x}\`; }
  }

  also() {}
}
`;

describe('dropping unused xmpp.js methods (vite.config.ts)', () => {
  it('removes a whole method, nested braces and all, and keeps the others', () => {
    const out = withoutMethods(source, ['drop'], 'a.js');
    expect(out).not.toContain('drop');
    expect(out).toContain('keep() {\n    return 1;\n  }');
    expect(out).toContain('also() {}');
    expect(() => new Function(`${out}; return new A().keep();`)()).not.toThrow();
  });

  it('fails the build when a method is not there', () => {
    expect(() => withoutMethods(source, ['gone'], 'a.js')).toThrow(/no method gone\(\)/);
  });
});
