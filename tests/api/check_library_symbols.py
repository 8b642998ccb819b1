#!/usr/bin/env python3
"""check_library_symbols.py: what libsluice.so exports.

  check_library_symbols.py --nm NM --library libsluice.so \
      --list exported_symbols.txt --implemented libsluice_exports.txt \
      --system-lib libc.so.6 [--system-lib ...]

With `nm -D --defined-only` on the library:
- every exported name starts with sluice_ (ALLOWED_OTHER is empty: the
  version script keeps compiler and runtime symbols local, and none is needed
  by a program linking against libsluice);
- no exported name is a name a system library (libc, libm, libpthread)
  exports;
- the exported names are exactly the --implemented list, and that list is a
  subset of the headers' list (exported_symbols.txt); the report says how
  many of the listed entry points are still missing.
Exit 1 on any violation."""
import argparse
import subprocess
import sys

# Non-sluice_ names the library may export, each with its reason. None today.
ALLOWED_OTHER = {}

# sluice's own C calls (api/include/sluice/sluice.h): sluice_ names that are
# not Winsock entry points, so not in the headers' list.
OWN_CALLS = {'sluice_set_config', 'sluice_config_error', 'sluice_for_each_counter', 'sluice_interface',
             'sluice_attach_port', 'sluice_socket_flags'}


def read_list(path):
    return {l.strip() for l in open(path) if l.strip() and not l.startswith('#')}


def dynamic_defined(nm, lib):
    out = subprocess.run([nm, '-D', '--defined-only', lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            names.add(parts[2].split('@')[0])
        elif len(parts) == 2:
            names.add(parts[1].split('@')[0])
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nm', required=True)
    ap.add_argument('--library', required=True)
    ap.add_argument('--list', required=True)
    ap.add_argument('--implemented', required=True)
    ap.add_argument('--system-lib', action='append', default=[])
    args = ap.parse_args()
    errors = []

    exported = dynamic_defined(args.nm, args.library)
    listed = read_list(args.list)
    implemented = read_list(args.implemented)

    for s in sorted(exported):
        if not s.startswith('sluice_') and s not in ALLOWED_OTHER:
            errors.append(f'exports {s}: not a sluice_ name')
    for lib in args.system_lib:
        clash = exported & dynamic_defined(args.nm, lib)
        for s in sorted(clash):
            errors.append(f'exports {s}, which {lib} exports too')
        print(f'{lib}: checked')
    for s in sorted(implemented - listed - OWN_CALLS):
        errors.append(f'{args.implemented} names {s}, not in {args.list}')
    for s in sorted(exported - implemented):
        errors.append(f'exports {s}, not in {args.implemented}')
    for s in sorted(implemented - exported):
        errors.append(f'does not export {s} ({args.implemented})')
    if not args.system_lib:
        errors.append('no --system-lib given')

    for e in errors:
        print('libsluice:', e)
    print(f'libsluice: {len(exported)} exported ({len(OWN_CALLS & exported)} own calls), '
          f'{len(listed - exported)} of '
          f'{len(listed)} listed entry points not exported yet, {len(errors)} error(s)')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
