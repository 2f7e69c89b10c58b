using Poktapok.Engine.Data;

namespace Poktapok.App.Schema.Enums;

/// <summary>The kind of a portfolio project; stored and sent by its wire names.</summary>
public enum ProjectType
{
    Personal,
    Bootcamp,
    Hackathon,
    [WireName("work-related")]
    WorkRelated,
    Freelance,
    Bounty,
}
