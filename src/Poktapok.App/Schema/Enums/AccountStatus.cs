namespace Poktapok.App.Schema.Enums;

/// <summary>The account status of a user; stored and sent by its wire names.</summary>
public enum AccountStatus
{
    Incomplete,
    Pending,
    Active,
    Suspended,
    Banned,
}
