namespace Poktapok.App.Schema.Enums;

/// <summary>The kind of a program (a legacy soft enum); stored and sent by its wire names.</summary>
public enum ProgramType
{
    Cohort,
    Evergreen,
}
