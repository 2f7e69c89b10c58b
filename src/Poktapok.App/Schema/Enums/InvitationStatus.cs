namespace Poktapok.App.Schema.Enums;

/// <summary>The state of an invitation (a legacy soft enum); stored and sent by its wire names.</summary>
public enum InvitationStatus
{
    Pending,
    Redeemed,
    Expired,
}
