using Poktapok.App.Access;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

/// <summary>Access checks for actions, which have no database of their own (see <see cref="Require.AdminAsync(ActionContext)"/>).</summary>
public static class Access
{
    /// <summary>
    /// Refuses unless the caller passes the admin level as a writer would (an action acts; a suspended admin may not).
    /// Writes nothing.
    /// </summary>
    [InternalMutation]
    public static async Task RequireAdmin(MutationContext ctx) => await Require.AdminAsync(ctx);
}
