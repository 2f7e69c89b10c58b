using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace Poktapok.Engine.Data;

/// <summary>
/// Gives new rows a time-ordered UUIDv7 key. A key that is already set (a legacy UUID brought over by the
/// import) is kept as it is: EF only asks a generator when the key still holds <see cref="Guid.Empty"/>.
/// </summary>
public sealed class UuidV7Generator : ValueGenerator<Guid>
{
    public override bool GeneratesTemporaryValues => false;

    public override Guid Next(EntityEntry entry) => Guid.CreateVersion7();
}
