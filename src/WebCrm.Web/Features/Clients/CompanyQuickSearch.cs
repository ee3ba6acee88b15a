using WebCrm.Data;
using WebCrm.Domain.Clients;

namespace WebCrm.Web.Features.Clients;

/// <summary>
/// The company list's quick search: the companies whose own search text contains the term, and those found only through
/// a contact person. Both shapes below list exactly the same companies in the same order; the second only reads less.
/// </summary>
/// <param name="walked">How many companies, in the page's order, the page walks before it reads every match instead.</param>
/// <param name="manyContacts">Fewer contact persons than this match: reading all of them is cheap, so the page does not walk.</param>
public sealed class CompanyQuickSearch(CrmDbContext db, int walked = CompanyQuickSearch.Walked, int manyContacts = CompanyQuickSearch.ManyContacts)
{
    /// <summary>The companies a page walks: at 1% of them matching through a contact person, the first page is found.</summary>
    public const int Walked = 4000;

    /// <summary>Reading this many matching contact persons and their companies costs about what a walk costs.</summary>
    public const int ManyContacts = 300;

    /// <summary>The deepest page (rows before it plus its own) that may come from the walk.</summary>
    public const int MaxWalkedRows = 500;

    /// <summary>
    /// The companies whose own search text contains the term, followed by those found only through a contact person:
    /// two disjoint parts (UNION ALL), so each is read in the page's sort order and the database stops after a page —
    /// a set of ids built first (a UNION, which removes duplicates) meant finding every match (14,000 companies at a
    /// million for "техно") before sorting any. Each part is served by its trigram index on PostgreSQL.
    /// </summary>
    public IQueryable<Company> Matches(IQueryable<Company> companies, string term) =>
        companies.Where(c => c.SearchText.Contains(term)).Concat(ContactOnly(companies, term));

    private IQueryable<Company> ContactOnly(IQueryable<Company> companies, string term) =>
        companies.Where(c => !c.SearchText.Contains(term) && db.ContactPersons.Any(p => p.CompanyId == c.Id && p.SearchText.Contains(term)));

    /// <summary>
    /// The same matches as <see cref="Matches"/>, shaped for a page of the first <paramref name="needed"/> rows in the order
    /// <paramref name="sorted"/> gives (an order an index serves, with the id last). Read through the contact persons'
    /// trigram index, the contact part costs every matching contact person and its company — 28,574 of them at a million
    /// companies for a common surname, whose matches are spread evenly over the companies. Instead it walks the first
    /// <see cref="Walked"/> companies in the page's order, asking each whether a contact person matches (one index probe
    /// per company): when that finds <paramref name="needed"/> of them, they are the first ones of the whole part (every
    /// company after the walk sorts after them), and the part is read no further. Only when the walk finds fewer does the
    /// full part run, without the companies the walk already found (their rows are in the walked part). When fewer than
    /// <see cref="ManyContacts"/> contact persons match at all, reading them is cheap and nothing walks ("техно" matches
    /// no contact person, and its page would otherwise pay for the walk). The gates are subqueries without a reference to
    /// the row, so the database decides each once and skips the part it closes.
    /// </summary>
    public IQueryable<Company> FirstMatches(IQueryable<Company> companies, string term, Func<IQueryable<Company>, IQueryable<Company>> sorted, int needed)
    {
        var contacts = db.ContactPersons.Where(p => p.SearchText.Contains(term));
        // The probe is a scalar subquery so that the database asks per walked company instead of hashing every match first.
        var walk = sorted(companies).Take(walked).Where(c => !c.SearchText.Contains(term)
            && db.ContactPersons.Where(p => p.CompanyId == c.Id && p.SearchText.Contains(term)).Select(p => (int?)p.CompanyId).FirstOrDefault() != null);
        var first = sorted(walk).Take(needed);
        // Written without negations, which EF would spell out with IS NULL tests that repeat each subquery.
        var walkedPart = first.Where(_ => contacts.OrderBy(p => p.Id).Take(manyContacts).Count() >= manyContacts);
        var restPart = ContactOnly(companies, term).Where(c =>
            (contacts.OrderBy(p => p.Id).Take(manyContacts).Count() < manyContacts || first.Count() < needed)
            && (contacts.OrderBy(p => p.Id).Take(manyContacts).Count() < manyContacts || !walk.Select(w => w.Id).Contains(c.Id)));
        return companies.Where(c => c.SearchText.Contains(term)).Concat(walkedPart).Concat(restPart);
    }
}
