namespace Poktapok.Server.Tests.Functions;

// The rows that several modules share. Properties, not fields: the static initialisers of a partial class's files run
// in no defined order, so a field of one file may still be null when another file's rows are built.
public sealed partial class AccessMatrixTests
{
    private const string NotOwner = "FORBIDDEN NOT_OWNER";

    // Columns:                           Anonymous, NoRow,    Incomplete, Pending, Active, Suspended, Banned, Moderator, Admin, Closed, Operator
    private static string[] Public => [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static string[] SignedInQuery => [Unauth, NoAccount, Ok, Ok, Ok, Ok, Banned, Ok, Ok, Closed, Unauth];
    private static string[] SignedInMutation => [Unauth, NoAccount, Ok, Ok, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth];
    private static string[] Internal => [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok];

    // Someone else's project: a caller the access level lets through is refused as not its owner.
    private static string[] OthersProject => [Unauth, NoAccount, NotOwner, NotOwner, NotOwner, Suspended, Banned, NotOwner, NotOwner, Closed, Unauth];
}
