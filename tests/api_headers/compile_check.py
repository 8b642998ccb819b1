#!/usr/bin/env python3
"""compile_check.py: compile a small translation unit made of #include and
#define lines and check that it is refused, for the stated reason.

  compile_check.py --expect-error TEXT [--source-suffix .c] \
      --include '<sys/socket.h>' [--define NAME] --include '<sluice/winsock2.h>' \
      -- COMPILER ARGS...

Lines are written in command-line order. The compiler runs with
ARGS -fsyntax-only twice: on the last line alone (a sluice header), which must
compile, so the command line and the header are known good; then on the whole
unit, which must fail with TEXT in the compiler's output. Exit 1 otherwise."""
import os
import subprocess
import sys
import tempfile


def main(argv):
    sep = argv.index('--')
    opts, compiler = argv[:sep], argv[sep + 1:]
    expect, suffix, lines = None, '.cpp', []
    i = 0
    while i < len(opts):
        if opts[i] == '--expect-error':
            expect = opts[i + 1]
        elif opts[i] == '--source-suffix':
            suffix = opts[i + 1]
        elif opts[i] == '--include':
            lines.append('#include ' + opts[i + 1])
        elif opts[i] == '--define':
            lines.append('#define ' + opts[i + 1])
        else:
            raise SystemExit(f'unknown option {opts[i]}')
        i += 2
    if expect is None or not lines:
        raise SystemExit('need --expect-error and --include')

    def compile_unit(text):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'unit' + suffix)
            with open(src, 'w') as f:
                f.write(text + '\nint main(void) { return 0; }\n')
            r = subprocess.run(compiler + ['-fsyntax-only', src], capture_output=True, text=True)
            return r.returncode, r.stdout + r.stderr

    control = lines[-1]
    rc, out = compile_unit(control)
    if rc != 0:
        print(f'control unit "{control}" does not compile:\n{out}')
        return 1
    unit = '\n'.join(lines)
    rc, out = compile_unit(unit)
    print(unit)
    if rc == 0:
        print('compiled, but must not')
        return 1
    if expect not in out:
        print(f'failed, but not with "{expect}":\n{out}')
        return 1
    print(f'refused as expected: "{expect}"')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
