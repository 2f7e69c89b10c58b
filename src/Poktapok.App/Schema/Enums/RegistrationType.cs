namespace Poktapok.App.Schema.Enums;

/// <summary>The how people register for an event (a legacy soft enum); stored and sent by its wire names.</summary>
public enum RegistrationType
{
    Free,
    Paid,
    Approval,
}
