namespace WebCrm.Web.Features.Deals;

/// <summary>One small input of a form on the deal card (a text/date box, or a choice when <see cref="Options"/> is set).</summary>
public sealed record DealFormField(string Name, string Label, string? Value, string Type = "text", int Max = 100,
    IEnumerable<(int Id, string Name)>? Options = null, int? Selected = null, string Col = "col-6 col-md-3", bool Autofocus = false);
