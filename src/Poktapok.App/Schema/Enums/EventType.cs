using Poktapok.Engine.Data;

namespace Poktapok.App.Schema.Enums;

/// <summary>The where an event happens (a legacy soft enum); stored and sent by its wire names.</summary>
public enum EventType
{
    [WireName("in-person")]
    InPerson,
    Virtual,
    Hybrid,
}
