using Microsoft.Extensions.Logging;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Live;

/// <summary>What a <see cref="SyncSession"/> needs from the live-query engine it belongs to.</summary>
internal interface ILiveHost
{
    LiveOptions Options { get; }

    ITokenVerifier Tokens { get; }

    ILogger Logger { get; }

    TimeProvider Clock { get; }

    ulong Timestamp { get; }

    void Post(LiveCommand command);

    void Forget(SyncSession session);

    void Wake();

    Task<FunctionOutcome> RunAsync(string path, ConvexValue args, Caller caller, FunctionKind kind, MutationKey? once, CancellationToken ct);
}

/// <summary>A message to the live-query loop; applied in the order posted.</summary>
internal abstract record LiveCommand;

internal sealed record WakeCommand : LiveCommand
{
    public static WakeCommand Instance { get; } = new();
}

internal sealed record OpenCommand(SyncSession Session) : LiveCommand;

internal sealed record CloseCommand(SyncSession Session) : LiveCommand;

internal sealed record ModifyCommand(SyncSession Session, ModifyQuerySet Message) : LiveCommand;

internal sealed record IdentityCommand(SyncSession Session, Caller Caller, int Version) : LiveCommand;

internal sealed record MutationDoneCommand(SyncSession Session, ServerMessage Response, ulong? Ts) : LiveCommand;
