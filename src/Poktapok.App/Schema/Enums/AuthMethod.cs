namespace Poktapok.App.Schema.Enums;

/// <summary>The how a user first signed in; stored and sent by its wire names.</summary>
public enum AuthMethod
{
    Email,
    Wallet,
    Social,
}
