using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;

namespace Poktapok.App.Functions;

public static partial class Projects
{
    private static string CheckTitle(FieldErrors errors, string value) =>
        CheckLength(errors, "title", value, ProjectRules.TitleMin, ProjectRules.TitleMax);

    private static string CheckDescription(FieldErrors errors, string value) =>
        CheckLength(errors, "description", value, ProjectRules.DescriptionMin, ProjectRules.DescriptionMax);

    private static string CheckLength(FieldErrors errors, string field, string value, int min, int max)
    {
        var text = value.Trim();
        if (text.Length < min || text.Length > max)
        {
            errors.Add(field, $"must be {min} to {max} characters");
        }

        return text;
    }

    private static string? CheckUrl(FieldErrors errors, string field, string? value)
    {
        var url = FieldErrors.Clean(value);
        if (url is not null && !IsHttpUrl(url))
        {
            errors.Add(field, $"must be an absolute http(s) URL of at most {ProjectRules.UrlMax} characters");
        }

        return url;
    }

    private static List<string>? CheckImageUrls(FieldErrors errors, List<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > ProjectRules.MaxImages)
        {
            errors.Add("imageUrls", $"must have at most {ProjectRules.MaxImages} URLs");
        }

        var urls = values.Select(v => v.Trim()).ToList();
        for (var i = 0; i < urls.Count; i++)
        {
            if (!IsHttpUrl(urls[i]))
            {
                errors.Add($"imageUrls[{i}]", $"must be an absolute http(s) URL of at most {ProjectRules.UrlMax} characters");
            }
        }

        return urls;
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= ProjectRules.UrlMax
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && url.StartsWith(uri.Scheme + "://", StringComparison.Ordinal); // the database's CHECK is case-sensitive

    private static void CheckHasUrl(FieldErrors errors, Project project)
    {
        if (project.RepositoryUrl is null && project.VideoUrl is null && project.LiveUrl is null)
        {
            errors.Add("urls", "at least one URL (repository, video or live demo) is required");
        }
    }

    private static void CheckSkillCount(FieldErrors errors, List<Guid> skillIds)
    {
        if (skillIds.Count is 0 or > ProjectRules.MaxSkills)
        {
            errors.Add("skillIds", $"must have 1 to {ProjectRules.MaxSkills} skills");
        }
    }

    private static async Task CheckSkillsExistAsync(MutationContext ctx, List<Guid> skillIds)
    {
        var distinct = skillIds.Distinct().ToList();
        var found = await ctx.Db.Skills.CountAsync(s => distinct.Contains(s.Id));
        if (distinct.Count != skillIds.Count || found != distinct.Count)
        {
            throw AppErrors.Error(AppErrorCodes.InvalidArgument, "Some skills do not exist or are repeated.", Reasons.InvalidSkills,
                new { fields = new { skillIds = "must be distinct ids of existing skills" } });
        }
    }
}
