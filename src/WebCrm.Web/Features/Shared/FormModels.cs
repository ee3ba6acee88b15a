using WebCrm.Domain.Clients;

namespace WebCrm.Web.Features.Shared;

/// <summary>One choice of a select box, as every form view renders it.</summary>
public sealed record Option(string Value, string Label);

/// <summary>The lookup's choices as the form views' select options.</summary>
public static class OptionConversions
{
    public static List<Option> AsOptions(this IEnumerable<LookupOption> options) =>
        options.Select(o => new Option(o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Name)).ToList();

    public static List<Option> AsOptions(this IEnumerable<UserOption> options) =>
        options.Select(o => new Option(o.Id, o.Name)).ToList();

    public static List<Option> AsCodeOptions(this IEnumerable<CurrencyOption> options) =>
        options.Select(o => new Option(o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Code)).ToList();
}

/// <summary>A custom field as the edit form shows it: the definition, its label in the user's language, the posted text.</summary>
public sealed record CustomFieldEditor(CustomFieldDefinition Definition, string Label, string? Value);

/// <summary>A custom field's value as a card shows it.</summary>
public sealed record CustomFieldDisplay(string Label, string? Value);

/// <summary>One field where the stored record moved on since the user loaded it: shown beside the form after a conflict.</summary>
public sealed record ConflictField(string Label, string? Theirs, string? Yours);

/// <summary>One line of a card's change history, with the user's name (never an id).</summary>
/// <summary>One change as the history table shows it (<see cref="ChangeHistory"/>): the author's full name, which part
/// changed (a stage's or contact person's name), and both values in words.</summary>
public sealed record HistoryRow(DateTime AtUtc, string? UserName, string EntityType, string Kind, string? Field, HistoryValue? OldValue,
    HistoryValue? NewValue, string? Part = null);
