using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.Engine.Codegen;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;

namespace Poktapok.App;

/// <summary>The app's functions and value rules, built once at start-up.</summary>
public static class AppFunctions
{
    /// <summary>Where function modules live: <c>Functions/Events.cs</c> → <c>events:…</c>.</summary>
    public const string RootNamespace = "Poktapok.App.Functions";

    public static ContextTypes Contexts { get; } =
        new(typeof(QueryContext<AppDb>), typeof(MutationContext<AppDb>), typeof(ActionContext));

    /// <summary>The value mapper, knowing which types are documents (entities) and when each was created.</summary>
    public static ValueMapper CreateValueMapper()
    {
        // The model does not depend on the connection; a SQLite context is the cheapest way to build it.
        using var db = AppDb.Open(DatabaseTarget.Parse(":memory:"));
        var documents = new Dictionary<Type, PropertyInfo?>();
        foreach (var entity in db.Model.GetEntityTypes().Where(t => !PoktapokDbContext.IsSystemTable(t.GetTableName() ?? "")))
        {
            var created = entity.ClrType.GetProperty("CreatedAt")
                ?? entity.GetProperties().FirstOrDefault(p => p.ClrType == typeof(DateTimeOffset) && p.GetDefaultValueSql() is not null)?.PropertyInfo;
            documents[entity.ClrType] = created;
        }

        return new ValueMapper(documents);
    }

    /// <summary>The TypeScript types of every function and document, for a frontend's <c>convex/_generated/</c> folder.</summary>
    public static CodegenResult GenerateTypeScript()
    {
        using var db = AppDb.Open(DatabaseTarget.Parse(":memory:"));
        var values = CreateValueMapper();
        return TypeScriptCodegen.Generate(CreateRegistry(values), db.Model, values);
    }

    /// <summary>Finds and checks every function of the app; throws <see cref="FunctionRegistryException"/> when one is malformed.</summary>
    public static FunctionRegistry CreateRegistry(ValueMapper values) =>
        FunctionRegistry.Build(typeof(AppFunctions).Assembly, RootNamespace, Contexts, values);
}
