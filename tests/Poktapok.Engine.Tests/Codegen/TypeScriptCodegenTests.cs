using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Codegen;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Tests.Codegen.Samples;

namespace Poktapok.Engine.Tests.Codegen;

public sealed class TypeScriptCodegenTests
{
    private static CodegenResult Generate(string root = "Poktapok.Engine.Tests.Codegen.Samples.Functions")
    {
        using var db = new CodegenDb(new DbContextOptionsBuilder<CodegenDb>().UseSqlite("Data Source=:memory:").Options);
        var values = new ValueMapper(new Dictionary<Type, PropertyInfo?>
        {
            [typeof(Author)] = typeof(Author).GetProperty(nameof(Author.CreatedAt)),
            [typeof(Note)] = typeof(Note).GetProperty(nameof(Note.CreatedAt)),
        });
        var contexts = new ContextTypes(typeof(QueryContext<CodegenDb>), typeof(MutationContext<CodegenDb>), typeof(ActionContext));
        var registry = FunctionRegistry.Build(typeof(TypeScriptCodegenTests).Assembly, root, contexts, values);
        return TypeScriptCodegen.Generate(registry, db.Model, values);
    }

    private static string File(string name) => Generate().Files.Single(f => f.Name == name).Content;

    [Fact]
    public void writes_the_three_files_a_convex_frontend_imports_and_the_same_bytes_every_time()
    {
        var first = Generate();
        first.Files.Select(f => f.Name).ShouldBe(["api.d.ts", "api.js", "dataModel.d.ts"]);
        Generate().Files.ShouldBe(first.Files);
        first.Files.ShouldAllBe(f => !f.Content.Contains('\r') && f.Content.EndsWith('\n'));
        File("api.js").ShouldContain("export const api = anyApi;");
        File("api.js").ShouldContain("export const internal = anyApi;");
    }

    [Fact]
    public void documents_carry_their_system_fields_and_foreign_keys_as_ids_of_the_principal_table()
    {
        var dataModel = File("dataModel.d.ts");
        dataModel.ShouldContain("""
            export type TableNames =
              | "authors"
              | "notes";
            """);
        dataModel.ShouldContain("""
              notes: {
                document: {
                  _id: Id<"notes">;
                  _creationTime: number;
                  authorId: Id<"authors">;
                  body: string | null;
                  mood: "calm" | "very_happy";
                  views: bigint;
                  thumbnail: ArrayBuffer;
                  tags: string[];
                  metadata: Record<string, any>;
                  createdAt: number;
                };
            """);
        dataModel.ShouldContain("export type Doc<TableName extends TableNames> = DataModel[TableName][\"document\"];");
    }

    [Fact]
    public void arguments_and_results_follow_the_value_rules()
    {
        var api = File("api.d.ts");
        api.ShouldContain("""
                count: FunctionReference<
                  "mutation",
                  "public",
                  {
                    from: bigint;
                    blob: ArrayBuffer;
                    ratio: number;
                    when: number;
                    words: string[];
                  },
                  bigint
                >;
            """);
        api.ShouldContain("""
                get: FunctionReference<
                  "query",
                  "public",
                  {
                    noteId: Id<"notes">;
                  },
                  Doc<"notes"> | null
                >;
            """);
    }

    [Fact]
    public void optional_fields_are_optional_nullable_ones_take_null_and_strings_are_ids_or_closed_sets_only_when_marked()
    {
        var api = File("api.d.ts");
        api.ShouldContain("""
                  {
                    noteId: Id<"notes">;
                    body?: string | null;
                    mood?: "calm" | "very_happy";
                    coAuthorIds?: Id<"authors">[] | null;
                  },
                  {
                    noteId: Id<"notes">;
                    writer: Id<"authors">;
                    mystery: string;
                    hint?: string;
                    mood: "calm" | "very_happy" | null;
                    amount: string;
                    recent: Doc<"notes">[];
                    counts: Record<string, number>;
                    stage: "draft" | "final";
                    editors: Id<"authors">[];
                    lumaEventId: string;
                  }
            """);
    }

    [Fact]
    public void paginated_queries_take_and_return_convex_pagination_types()
    {
        var api = File("api.d.ts");
        api.ShouldContain("""
                  {
                    paginationOpts: PaginationOptions;
                    mood?: "calm" | "very_happy" | null;
                  },
                  PaginationResult<Doc<"notes">>
            """);
        api.ShouldContain("""import type { FunctionReference, PaginationOptions, PaginationResult } from "convex/server";""");
    }

    [Fact]
    public void internal_functions_are_only_in_internal_and_folders_nest()
    {
        var api = File("api.d.ts");
        var publicPart = api[..api.IndexOf("export declare const internal", StringComparison.Ordinal)];
        var internalPart = api[api.IndexOf("export declare const internal", StringComparison.Ordinal)..];
        publicPart.ShouldNotContain("import:");
        internalPart.ShouldContain("""
              notes: {
                import: FunctionReference<
                  "mutation",
                  "internal",
                  {
                    cursor: string;
                  },
                  Id<"notes">
                >;
              };
            """);
        publicPart.ShouldContain("""
              admin: {
                cleanup: {
                  run: FunctionReference<
                    "action",
                    "public",
                    Record<string, never>,
                    null
                  >;
                };
              };
            """);
    }

    [Fact]
    public void an_id_no_name_or_attribute_ties_to_a_table_is_a_string_and_reported()
    {
        Generate().UntypedIds.ShouldBe(["notes:edit result.mystery"]);
    }

    [Fact]
    public void a_function_named_like_a_module_folder_is_refused_naming_both()
    {
        var error = Should.Throw<CodegenException>(() => Generate("Poktapok.Engine.Tests.Codegen.Clash"));
        error.Message.ShouldContain("notes:sync");
        error.Message.ShouldContain("notes/sync:run");
    }
}
