#!/usr/bin/env python3
"""check_prefix_pairs.py: the sluice Winsock headers define every BSD-socket
name twice, in blocks of the form

    #ifndef SLUICE_WS_PREFIX
    #define NAME value            (Winsock-compatible mode)
    #else
    #define WS_NAME value'        (prefixed mode)
    #endif

Check that in every such block the prefixed half defines exactly WS_ + the
names of the compatible half, in the same order, with the same value once the
WS_ prefixes are taken off, that a prefixed value uses no unprefixed name of
any block, and that no name of a
prefixed half is defined anywhere unprefixed outside those blocks.
Usage: check_prefix_pairs.py HEADER... ; exit 1 on any mismatch."""
import re
import sys

DEFINE = re.compile(r'#\s*define\s+(\w+)(\([^)]*\))?\s*(.*)$')


def blocks(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    found = []
    while i < len(lines):
        if lines[i].strip() == '#ifndef SLUICE_WS_PREFIX':
            start = i + 1
            compat, prefixed, part = [], [], None
            i += 1
            part = compat
            while lines[i].strip() != '#endif':
                text = lines[i].strip()
                if text == '#else':
                    part = prefixed
                elif text.startswith('#if'):
                    raise SystemExit(f'{path}:{i + 1}: nested #if in a prefix block')
                elif text.startswith('#'):
                    m = DEFINE.match(text)
                    if not m:
                        raise SystemExit(f'{path}:{i + 1}: not a #define: {text}')
                    part.append((i + 1, m.group(1), m.group(2) or '', m.group(3).strip()))
                elif text and not text.startswith('/*'):
                    raise SystemExit(f'{path}:{i + 1}: unexpected line in a prefix block')
                i += 1
            found.append((path, start, compat, prefixed))
        i += 1
    return found


def main(paths):
    errors = []
    all_blocks = [b for p in paths for b in blocks(p)]
    prefixed_names = {name for _, _, _, pre in all_blocks for _, name, _, _ in pre}
    bare = {n[3:] for n in prefixed_names}
    count = 0
    for path, start, compat, prefixed in all_blocks:
        if len(compat) != len(prefixed):
            errors.append(f'{path}:{start}: {len(compat)} compatible vs {len(prefixed)} prefixed names')
            continue
        for (_, cname, cargs, cbody), (pline, pname, pargs, pbody) in zip(compat, prefixed):
            count += 1
            if pname != 'WS_' + cname:
                errors.append(f'{path}:{pline}: {pname} pairs with {cname}')
            if (pargs, re.sub(r'\bWS_(\w+)', r'\1', pbody)) != (cargs, cbody):
                errors.append(f'{path}:{pline}: {pname}{pargs} {pbody} differs from {cname}{cargs} {cbody}')
            # A prefixed value must not use a compatible-mode name (which is
            # POSIX's, or undefined, in the prefixed mode).
            for word in re.findall(r'\b\w+\b', pbody):
                if word in bare:
                    errors.append(f'{path}:{pline}: {pname} uses the unprefixed {word}')
    # The compatible names must not leak into the prefixed mode elsewhere.
    for path in paths:
        inside = False
        for number, line in enumerate(open(path, encoding='utf-8'), 1):
            text = line.strip()
            if text == '#ifndef SLUICE_WS_PREFIX':
                inside = True
            elif inside and text == '#endif':
                inside = False
            elif not inside:
                m = DEFINE.match(text)
                if m and m.group(1) in bare:
                    errors.append(f'{path}:{number}: {m.group(1)} defined outside a prefix block')
    for e in errors:
        print('prefix pairs:', e)
    print(f'prefix pairs: {len(all_blocks)} blocks, {count} names, {len(errors)} error(s)')
    return 1 if errors or count == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
