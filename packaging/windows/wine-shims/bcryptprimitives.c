/* Test-only stand-in for bcryptprimitives.dll, compiled by build-under-wine.sh into the Wine
 * prefix that runs our tests; never shipped. Rust code (pydantic-core) asks ProcessPrng for
 * random bytes; Wine 8 lacks it, real Windows 10+ has it. RtlGenRandom gives the same. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom (advapi32) */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
