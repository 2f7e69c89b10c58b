namespace Poktapok.App.Schema.Enums;

/// <summary>The how PULPA is paid out; stored and sent by its wire names.</summary>
public enum DistributionMethod
{
    Manual,
    SmartContract,
    ClaimPortal,
}
