using Microsoft.AspNetCore.Http;
using Poktapok.Engine.Functions;

namespace Poktapok.Server.Http;

/// <summary>
/// Who is calling over HTTP. Token verification (Privy, the admin key) comes with the auth work; until then
/// every HTTP caller is anonymous, so internal functions stay unreachable.
/// </summary>
internal static class Callers
{
    public static Caller From(HttpContext http) => Caller.Anonymous;
}
