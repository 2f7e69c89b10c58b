namespace Poktapok.App.Schema.Enums;

/// <summary>The who may see a profile's details; stored and sent by its wire names.</summary>
public enum ProfileVisibility
{
    Public,
    Members,
    Private,
}
