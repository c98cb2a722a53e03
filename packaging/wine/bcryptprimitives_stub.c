/* wine 8.0 lacks bcryptprimitives.dll: python-calamine (Rust >= 1.78 std) imports ProcessPrng.
   Built by packaging/check_windows.sh into the wine prefix only, never into the bundle. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += n; size -= n;
    }
    return TRUE;
}
