#!/usr/bin/env python3
"""check_symbols.py: no symbol a program links against through the sluice
Winsock headers may be a libc symbol.

  check_symbols.py --nm NM --list exported_symbols.txt --headers H... \
      --exports ARCHIVE [--seeds ARCHIVE --require SYMBOL...]

- The headers' SLUICE_WS_SYMBOL(name) declarations are exactly the list.
- In the exports archive (exports_compat.c, exports_prefixed.c: every
  function and datum referenced), every undefined symbol of every object is
  sluice_<name> from the list, and each object references the whole list, so
  both header modes link against the same symbols.
- In the seeds archive, no undefined symbol is the plain Windows/BSD name of
  a listed symbol (socket, bind, WSAStartup, ...), and the --require symbols
  are referenced (WSASocket with UNICODE is sluice_WSASocketW).
Exit 1 on any violation."""
import argparse
import re
import subprocess
import sys


SANITIZER_PREFIXES = ('__asan_', '__ubsan_', '__lsan_', '__sanitizer_', '__tsan_', '__msan_')


def undefined_by_object(nm, archive):
    out = subprocess.run([nm, '-u', archive], check=True, capture_output=True, text=True).stdout
    objects, current = {}, None
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith(':'):
            current = line[:-1]
            objects[current] = set()
        else:
            name = line.split()[-1]
            # Sanitizer builds add references to their runtimes: not ours.
            if not name.startswith(SANITIZER_PREFIXES):
                objects.setdefault(current, set()).add(name)
    return objects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nm', required=True)
    ap.add_argument('--list', required=True)
    ap.add_argument('--headers', nargs='+', required=True)
    ap.add_argument('--exports', required=True)
    ap.add_argument('--seeds')
    ap.add_argument('--require', nargs='*', default=[])
    args = ap.parse_args()
    errors = []

    listed = {l.strip() for l in open(args.list) if l.strip() and not l.startswith('#')}
    declared = set()
    for h in args.headers:
        declared |= {'sluice_' + n for n in re.findall(r'SLUICE_WS_SYMBOL\((\w+)\)', open(h).read())
                     if n != 'name'}
    for s in sorted(declared - listed):
        errors.append(f'{s} is declared by the headers but not in {args.list}')
    for s in sorted(listed - declared):
        errors.append(f'{s} is in {args.list} but not declared by the headers')

    objects = undefined_by_object(args.nm, args.exports)
    if len(objects) < 2:
        errors.append(f'{args.exports}: expected the compat and prefixed objects, got {sorted(objects)}')
    for obj, syms in sorted(objects.items()):
        for s in sorted(syms - listed):
            errors.append(f'{obj}: references {s}, not a listed sluice_ symbol')
        for s in sorted(listed - syms):
            errors.append(f'{obj}: does not reference {s}')
        print(f'{obj}: {len(syms)} undefined symbols')

    if args.seeds:
        plain = {s[len('sluice_'):] for s in listed}
        seeds = set().union(*undefined_by_object(args.nm, args.seeds).values())
        for s in sorted(seeds & plain):
            errors.append(f'{args.seeds}: references the libc/Windows name {s}')
        for s in sorted(seeds):
            if s.startswith('sluice_') and s not in listed:
                errors.append(f'{args.seeds}: references {s}, not a listed symbol')
        for s in args.require:
            if s not in seeds:
                errors.append(f'{args.seeds}: does not reference {s}')
        print(f'{args.seeds}: {len(seeds)} undefined symbols')

    for e in errors:
        print('symbols:', e)
    print(f'symbols: {len(listed)} listed, {len(errors)} error(s)')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
