using Poktapok.Engine.Data;

namespace Poktapok.App.Schema.Enums;

/// <summary>The where a session happens (a legacy soft enum); stored and sent by its wire names.</summary>
public enum SessionType
{
    [WireName("in-person")]
    InPerson,
    Virtual,
    Hybrid,
}
