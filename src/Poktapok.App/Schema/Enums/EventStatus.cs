namespace Poktapok.App.Schema.Enums;

/// <summary>The state of an event (a legacy soft enum); stored and sent by its wire names.</summary>
public enum EventStatus
{
    Upcoming,
    Live,
    Past,
    Cancelled,
}
