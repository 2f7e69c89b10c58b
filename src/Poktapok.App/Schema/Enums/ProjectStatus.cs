namespace Poktapok.App.Schema.Enums;

/// <summary>The state of a portfolio project; stored and sent by its wire names.</summary>
public enum ProjectStatus
{
    Draft,
    Wip,
    Completed,
    Archived,
}
