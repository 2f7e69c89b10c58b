using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Events
{
    /// <summary>Which events a list returns, by stored status.</summary>
    public enum ListStatus
    {
        /// <summary>Not started yet; soonest first.</summary>
        Upcoming,

        /// <summary>Started and not over; earliest start first.</summary>
        Live,

        /// <summary>Over; newest first.</summary>
        Past,

        /// <summary>Every status, cancelled included; newest first.</summary>
        All,
    }

    /// <summary>The statuses <see cref="AdminList"/> filters on: any stored status, or all.</summary>
    public enum AdminListStatus
    {
        /// <summary>Not started yet; soonest first.</summary>
        Upcoming,

        /// <summary>Started and not over; earliest start first.</summary>
        Live,

        /// <summary>Over; newest first.</summary>
        Past,

        /// <summary>Cancelled by an admin; newest first.</summary>
        Cancelled,

        /// <summary>Every status; newest first.</summary>
        All,
    }

    /// <summary>The only status an admin sets: the others are computed.</summary>
    public enum SettableStatus
    {
        /// <summary>The event will not happen; it stays listed with this status.</summary>
        Cancelled,
    }

    /// <summary>The arguments of <see cref="List"/>.</summary>
    public sealed record ListArgs(PaginationOptions PaginationOpts, ListStatus Status = ListStatus.All, bool? Featured = null, Guid? ProgramId = null);

    /// <summary>The arguments of <see cref="AdminList"/>.</summary>
    public sealed record AdminListArgs(
        PaginationOptions PaginationOpts,
        AdminListStatus Status = AdminListStatus.All,
        Guid? ProgramId = null,
        bool? Published = null);

    /// <summary>
    /// The arguments of <see cref="Create"/>: the event fields of §3.14. Absent optional fields get the column
    /// defaults (in-person, America/Mexico_City, no hosts, unpublished, not featured, 0 registrations, free).
    /// </summary>
    public sealed record CreateArgs(
        string Title,
        string LumaUrl,
        DateTimeOffset StartDate,
        string? Description = null,
        string? CoverImage = null,
        string? LumaEventId = null,
        string? LumaSlug = null,
        EventType EventType = EventType.InPerson,
        DateTimeOffset? EndDate = null,
        string? Timezone = null,
        string? Location = null,
        string? LocationDetails = null,
        string? LocationUrl = null,
        Coordinates? Coordinates = null,
        List<EventHost>? Hosts = null,
        string? Calendar = null,
        Guid? ProgramId = null,
        bool IsPublished = false,
        bool IsFeatured = false,
        int RegistrationCount = 0,
        int? MaxCapacity = null,
        RegistrationType RegistrationType = RegistrationType.Free,
        SettableStatus? Status = null);

    /// <summary>
    /// The arguments of <see cref="Update"/>: a partial update of the event fields (absent = unchanged; null
    /// clears a nullable field). <c>status: "cancelled"</c> cancels; <c>status: null</c> un-cancels (the status
    /// is computed again).
    /// </summary>
    public sealed record UpdateArgs(
        Guid EventId,
        Optional<string> Title = default,
        Optional<string?> Description = default,
        Optional<string?> CoverImage = default,
        Optional<string> LumaUrl = default,
        Optional<string?> LumaEventId = default,
        Optional<string?> LumaSlug = default,
        Optional<EventType> EventType = default,
        Optional<DateTimeOffset> StartDate = default,
        Optional<DateTimeOffset?> EndDate = default,
        Optional<string> Timezone = default,
        Optional<string?> Location = default,
        Optional<string?> LocationDetails = default,
        Optional<string?> LocationUrl = default,
        Optional<Coordinates?> Coordinates = default,
        Optional<List<EventHost>> Hosts = default,
        Optional<string?> Calendar = default,
        Optional<Guid?> ProgramId = default,
        Optional<bool> IsPublished = default,
        Optional<bool> IsFeatured = default,
        Optional<int> RegistrationCount = default,
        Optional<int?> MaxCapacity = default,
        Optional<RegistrationType> RegistrationType = default,
        Optional<SettableStatus?> Status = default);

    /// <summary>The result of <see cref="AdminGet"/>, <see cref="Create"/> and <see cref="Update"/>: <c>{event}</c>.</summary>
    public sealed record EventResult(Event Event);

    /// <summary>The result of <see cref="Remove"/>: <c>{deleted: true}</c>.</summary>
    public sealed record RemoveResult(bool Deleted);

    /// <summary>The result of <see cref="RefreshStatuses"/>: how many events changed, and whether more are due.</summary>
    public sealed record RefreshResult(int Updated, bool More);
}
