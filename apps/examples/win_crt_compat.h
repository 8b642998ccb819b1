/* apps/examples/win_crt_compat.h: the parts of the Microsoft C runtime that
 * the Windows sample programs in apps/examples use and glibc lacks, or
 * declares in another header. Included by a sample's adapted include block,
 * after the sluice Winsock headers; on Windows it adds nothing.
 *
 *   - wprintf and the rest of the wide-character I/O: Microsoft's <stdio.h>
 *     declares them, glibc's only <wchar.h>.
 *   - _wtoi (Microsoft's <stdlib.h>): decimal text to int, leading white
 *     space and sign accepted, 0 when there are no digits, INT_MAX/INT_MIN
 *     with errno ERANGE on overflow. Here it is sluice_example_wtoi under
 *     the macro name _wtoi, so no reserved identifier is defined.
 *
 * What a header cannot fix: Microsoft's wprintf reads %s (and %ws) as a wide
 * string, glibc's reads %s as a multibyte char * and does not know %ws.
 * A sample that prints a wchar_t string with them prints it wrongly here;
 * see the opening comment of the sample. */
#ifndef SLUICE_EXAMPLES_WIN_CRT_COMPAT_H
#define SLUICE_EXAMPLES_WIN_CRT_COMPAT_H

#ifndef _WIN32

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <wchar.h>

static inline int sluice_example_wtoi(const wchar_t *text)
{
    const long value = wcstol(text, NULL, 10);
    if (value > INT_MAX) {
        errno = ERANGE;
        return INT_MAX;
    }
    if (value < INT_MIN) {
        errno = ERANGE;
        return INT_MIN;
    }
    return (int)value;
}
#define _wtoi sluice_example_wtoi

#endif /* !_WIN32 */

#endif /* SLUICE_EXAMPLES_WIN_CRT_COMPAT_H */
