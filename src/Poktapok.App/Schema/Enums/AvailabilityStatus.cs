namespace Poktapok.App.Schema.Enums;

/// <summary>The whether a member is open to work; stored and sent by its wire names.</summary>
public enum AvailabilityStatus
{
    Available,
    OpenToOffers,
    Unavailable,
}
