using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Poktapok.Engine.Data;

/// <summary>
/// Turns a database's refusal of a write (unique key, CHECK, foreign key, NOT NULL) into a
/// <see cref="DataValidationException"/> that names the table and the fields, using the model to map the
/// constraint or column back to the field's wire name.
/// </summary>
public static partial class ConstraintErrors
{
    /// <summary>The translated error, or null when the exception is not a constraint violation.</summary>
    public static DataValidationException? Translate(Exception exception, IModel model)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return FromPostgres(pg, model, exception);
                case SqliteException sqlite when sqlite.SqliteErrorCode == 19:
                    return FromSqlite(sqlite, model, exception);
            }
        }

        return null;
    }

    private static DataValidationException? FromPostgres(PostgresException pg, IModel model, Exception original)
    {
        var table = pg.TableName ?? "";
        var (code, message) = pg.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => (FieldErrorCodes.Unique, "is already taken"),
            PostgresErrorCodes.CheckViolation => (FieldErrorCodes.Check, $"breaks the rule {pg.ConstraintName}"),
            PostgresErrorCodes.ForeignKeyViolation => (FieldErrorCodes.Reference, ReferenceMessage(pg.Detail)),
            PostgresErrorCodes.NotNullViolation => (FieldErrorCodes.Required, "is required"),
            _ => (null, null),
        };
        if (code is null)
        {
            return null;
        }

        var fields = pg.SqlState == PostgresErrorCodes.NotNullViolation && pg.ColumnName is not null
            ? FieldsOfColumns(model, table, [pg.ColumnName])
            : FieldsOfConstraint(model, table, pg.ConstraintName ?? "");
        return Build(table, fields, code, message!, original);
    }

    private static string ReferenceMessage(string? detail) =>
        detail is not null && detail.Contains("is still referenced", StringComparison.Ordinal)
            ? "is still referenced by other rows"
            : "refers to a row that does not exist";

    private static DataValidationException FromSqlite(SqliteException sqlite, IModel model, Exception original)
    {
        var text = sqlite.Message;
        if (SqliteColumns().Match(text) is { Success: true } m)
        {
            var kind = m.Groups["kind"].Value;
            var columns = m.Groups["columns"].Value.Split(", ").Select(c => c.Split('.')).ToList();
            var table = columns[0][0];
            var fields = FieldsOfColumns(model, table, columns.Select(c => c[^1]).ToList());
            return kind == "UNIQUE"
                ? Build(table, fields, FieldErrorCodes.Unique, "is already taken", original)
                : Build(table, fields, FieldErrorCodes.Required, "is required", original);
        }

        if (SqliteCheck().Match(text) is { Success: true } c)
        {
            var name = c.Groups["name"].Value;
            var owner = model.GetEntityTypes().FirstOrDefault(t => t.GetCheckConstraints().Any(k => k.Name == name));
            var table = owner?.GetTableName() ?? "";
            return Build(table, FieldsOfConstraint(model, table, name), FieldErrorCodes.Check, $"breaks the rule {name}", original);
        }

        // SQLite does not say which foreign key failed.
        return new DataValidationException("", [new FieldError("", FieldErrorCodes.Reference,
            text.Contains("FOREIGN KEY", StringComparison.Ordinal)
                ? "a referenced row does not exist, or the row is still referenced"
                : text)], original);
    }

    private static DataValidationException Build(string table, IReadOnlyList<string> fields, string code, string message, Exception original) =>
        new(table, fields.Count == 0
            ? [new FieldError("", code, message)]
            : [.. fields.Select(f => new FieldError(f, code, message))], original);

    private static IReadOnlyList<string> FieldsOfColumns(IModel model, string table, IReadOnlyList<string> columns)
    {
        var entity = FindEntity(model, table);
        if (entity is null)
        {
            return columns;
        }

        var store = StoreObjectIdentifier.Table(table);
        return columns
            .Select(c => entity.GetProperties().FirstOrDefault(p => p.GetColumnName(store) == c) is { } p
                ? ClosedSet.CamelCase(p.Name)
                : c)
            .ToList();
    }

    private static IReadOnlyList<string> FieldsOfConstraint(IModel model, string table, string constraint)
    {
        var entity = FindEntity(model, table);
        if (entity is null)
        {
            return [];
        }

        var store = StoreObjectIdentifier.Table(table);
        IEnumerable<IProperty>? properties =
            entity.GetIndexes().FirstOrDefault(i => i.GetDatabaseName(store) == constraint)?.Properties
            ?? entity.GetKeys().FirstOrDefault(k => k.GetName(store) == constraint)?.Properties
            ?? entity.GetForeignKeys().FirstOrDefault(f => f.GetConstraintName() == constraint)?.Properties;

        if (properties is null && entity.GetCheckConstraints().FirstOrDefault(k => k.Name == constraint) is { } check)
        {
            // A CHECK names no columns; the fields are the columns its SQL mentions.
            properties = entity.GetProperties().Where(p =>
                check.Sql.Contains(SqlDialect.Quote(p.GetColumnName(store)!), StringComparison.Ordinal));
        }

        return properties?.Select(p => ClosedSet.CamelCase(p.Name)).ToList() ?? [];
    }

    private static IEntityType? FindEntity(IModel model, string table) =>
        model.GetEntityTypes().FirstOrDefault(t => t.GetTableName() == table);

    [GeneratedRegex(@"(?<kind>UNIQUE|NOT NULL) constraint failed: (?<columns>[\w.]+(, [\w.]+)*)")]
    private static partial Regex SqliteColumns();

    [GeneratedRegex(@"CHECK constraint failed: (?<name>\w+)")]
    private static partial Regex SqliteCheck();
}
