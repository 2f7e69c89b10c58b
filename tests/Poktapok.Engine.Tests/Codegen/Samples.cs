using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Tests.Codegen.Samples;

// A tiny app for the TypeScript generator: two tables with a foreign key, and functions using every kind of type.
#pragma warning disable IDE0060 // Parameters are the declared arguments; the bodies do not need them.

namespace Poktapok.Engine.Tests.Codegen.Samples
{
    public enum Mood { Calm, VeryHappy }

    public sealed class Author
    {
        public Guid Id { get; set; }
        public required string Name { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }

    public sealed class Note
    {
        public Guid Id { get; set; }
        public Guid AuthorId { get; set; }
        public string? Body { get; set; }
        public Mood Mood { get; set; }
        public long Views { get; set; }
        public byte[] Thumbnail { get; set; } = [];
        public List<string> Tags { get; set; } = [];
        public JsonObject Metadata { get; set; } = [];
        public DateTimeOffset CreatedAt { get; set; }
    }

    public sealed class CodegenDb(DbContextOptions<CodegenDb> options) : PoktapokDbContext(options, DatabaseProvider.Sqlite)
    {
        protected override void ConfigureModel(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Author>().ToTable("authors");
            modelBuilder.Entity<Note>(b =>
            {
                b.ToTable("notes");
                b.Property(n => n.Tags).HasConversion(t => string.Join(',', t), s => s.Split(',', StringSplitOptions.None).ToList());
                b.Property(n => n.Metadata).HasConversion(m => m.ToJsonString(null), s => JsonNode.Parse(s, null, default)!.AsObject());
                b.HasOne<Author>().WithMany().HasForeignKey(n => n.AuthorId);
            });
        }
    }
}

namespace Poktapok.Engine.Tests.Codegen.Samples.Functions
{
    public static class Notes
    {
        public sealed record EditArgs(Guid NoteId, Optional<string?> Body = default, Optional<Mood> Mood = default, List<Guid>? CoAuthorIds = null);

        public sealed record Summary(Guid NoteId, [IdOf("authors")] Guid Writer, Guid Mystery, Optional<string> Hint, Mood? Mood, decimal Amount,
            IReadOnlyList<Note> Recent, Dictionary<string, int> Counts, [AllowedValues("draft", "final")] string Stage,
            [IdOf("authors")] List<string> Editors, string LumaEventId);

        [Query]
        public static Task<Note?> Get(QueryContext<CodegenDb> ctx, Guid noteId) => Task.FromResult<Note?>(null);

        [Query]
        public static Task<PaginationResult<Note>> List(QueryContext<CodegenDb> ctx, PaginationOptions paginationOpts, Mood? mood = null) =>
            throw new NotSupportedException();

        [Mutation]
        public static Task<Summary> Edit(MutationContext<CodegenDb> ctx, EditArgs args) => throw new NotSupportedException();

        [Mutation]
        public static long Count(MutationContext<CodegenDb> ctx, long from, byte[] blob, double ratio, DateTimeOffset when, string[] words) => from;

        [InternalMutation]
        [return: IdOf("notes")]
        public static Guid Import(MutationContext<CodegenDb> ctx, [IdOf(IdOfAttribute.SeveralTables)] Guid cursor) => cursor;
    }
}

namespace Poktapok.Engine.Tests.Codegen.Samples.Functions.Admin
{
    public static class Cleanup
    {
        [Action]
        public static Task Run(ActionContext ctx) => Task.CompletedTask;
    }
}

// A function and a module folder with one name (notes:sync and notes/sync:run): `api.notes.sync` cannot be both.
// C# keeps a class and a namespace of one name apart only by case, and paths are camelCase, so this can happen.
namespace Poktapok.Engine.Tests.Codegen.Clash
{
    public static class Notes
    {
        [Query]
        public static int Sync(QueryContext<CodegenDb> ctx) => 0;
    }
}

namespace Poktapok.Engine.Tests.Codegen.Clash.notes
{
    public static class Sync
    {
        [Query]
        public static int Run(QueryContext<CodegenDb> ctx) => 0;
    }
}
